//! Qingdao sample data (filled in below).
