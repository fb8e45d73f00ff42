//! The staff desk: employers, courses and their rosters.
