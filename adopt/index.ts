/** Adopting an existing AWS Backup estate: `adoptExport` reads an export, `writeAdoption` writes the result. */
export { adoptExport, ADOPT_DIR, IMPORTS_FILE, REPORT_FILE, type AdoptOptions, type AdoptionResult } from './adopt';
export { ExportError } from './export-files';
export { writeAdoption, existingPaths, adoptionFiles, adoptionPaths } from './write';
export { itemLine, reportMarkdown, type ReportItem, type ReportKind, type ImportRow } from './report';
