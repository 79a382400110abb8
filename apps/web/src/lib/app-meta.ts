/** What the app says about itself in every page's head (Next's metadata and the capture page's own). */
export const APP_NAME = "docvault";
export const APP_DESCRIPTION = "Turn photos and scans of documents into checked, searchable data.";
export const THEME_COLOR = "#1d4ed8";
