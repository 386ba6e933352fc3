/** The worksheet's sections: the names of its Y.Texts (labels come from i18n `worksheet.section.<id>`). */
export const WORKSHEET_SECTIONS = ['hopes', 'fears', 'recommendations'] as const;
export type WorksheetSection = (typeof WORKSHEET_SECTIONS)[number];
