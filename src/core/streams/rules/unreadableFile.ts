import { DocumentRule } from './types';

export const unreadableFile: DocumentRule = {
  id: 'unreadable-file',
  severity: 'error',
  scope: 'document',
  title: 'File cannot be read',
  anchor: 'the start of the file',
  explanation:
    'A file meant to be checked could not be read as text: a dangling symbolic link or a link ' +
    'loop, a folder or special file under a `.json` name, a file above the size limit ' +
    '(`--max-file-size`, `natsWorkbench.streams.maxFileSize`), or UTF-16 text without a byte ' +
    'order mark. The other files are checked all the same. Save stream configs as UTF-8 (UTF-16 ' +
    'with a byte order mark is read, as VS Code reads it).',
  check(document, report) {
    if (document.readProblem) report({ span: { offset: 0, length: 0 }, message: document.readProblem.message });
  },
};
