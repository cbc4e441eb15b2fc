pub const DB_USER: &str = "ingest";
pub const DB_PASSWORD: &str = "lutjVMliU-nG4";
pub const DB_HOST: &str = "mysql-01.dc2.lan";
