use strict;
use warnings;
use DBI;

my $dbh = DBI->connect('dbi:Pg:dbname=ledger;host=db-prod-03.internal', 'django', 'nE=omOjDS0V=++0V=3i*j_+c',
    { RaiseError => 1, AutoCommit => 0 });
