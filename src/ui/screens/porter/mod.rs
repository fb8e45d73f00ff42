//! Issue 15, point 2 on the staff desk: importing a file.

pub mod import_file;
