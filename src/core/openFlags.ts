/**
 * Flags for opening a file that someone else may have put in our way: opened without waiting,
 * since opening a FIFO that has no writer blocks for ever (and so would the process's exit). The
 * caller then checks with fstat that it is a regular file before reading it.
 */
import * as fs from 'node:fs';

export const OPEN_READ_NOW = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
