use strict;
my $dbh = DBI->connect($ENV{DSN}, $ENV{DB_USER}, $ENV{DB_PASSWORD})
    or die $DBI::errstr;
