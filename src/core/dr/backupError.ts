/** A backup folder that cannot be written or read; the message names the folder and why. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}
