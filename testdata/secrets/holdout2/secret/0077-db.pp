class profile::db {
  class { 'mysql::server':
    root_password           => 'e8d1be8231417d38302645b8f19b2861',
    remove_default_accounts => true,
  }
}
