const users = [
  { name: 'alice', password: 'secret' },
  { name: 'bob', password: 'secret' },
];
