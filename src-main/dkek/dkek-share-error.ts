// The one error class of the DKEK share files: its message is a sentence for the person holding
// the file (what is wrong, what to do), safe to print: it never holds a share or a password.

export class DkekShareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DkekShareError';
  }
}
