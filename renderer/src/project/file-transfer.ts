/**
 * Files that travel between the page and the person's own computer, in browser mode: a
 * download (Blob + `<a download>`) and an upload (`<input type=file>`). The server's disk is
 * not involved.
 */
export interface FileTransfer {
  /** Text (a project) or bytes (an exported model's zip). */
  download(fileName: string, contents: string | Uint8Array<ArrayBuffer>, mimeType?: string): void;
  /** Asks for one file; null when the person cancels. */
  upload(accept: string): Promise<{ name: string; text: string } | null>;
}

export function pageFileTransfer(doc: Document = document): FileTransfer {
  return {
    download(fileName, contents, mimeType = 'application/json') {
      const url = URL.createObjectURL(new Blob([contents], { type: mimeType }));
      const link = doc.createElement('a');
      link.href = url;
      link.download = fileName;
      link.style.display = 'none';
      doc.body.append(link);
      link.click();
      link.remove();
      // The download has its own reference by now; a moment later the URL can go.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    upload(accept) {
      return new Promise((resolve) => {
        const input = doc.createElement('input');
        input.type = 'file';
        input.accept = accept;
        input.style.display = 'none';
        input.dataset.testid = 'upload-input';
        const done = (value: { name: string; text: string } | null) => {
          input.remove();
          resolve(value);
        };
        input.addEventListener('change', () => {
          const file = input.files?.[0];
          if (!file) return done(null);
          file.text().then((text) => done({ name: file.name, text }), () => done(null));
        });
        input.addEventListener('cancel', () => done(null));
        doc.body.append(input);
        input.click();
      });
    },
  };
}

/** The bytes of a base64 string (a file the host sent for download). */
export function bytesOfBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
