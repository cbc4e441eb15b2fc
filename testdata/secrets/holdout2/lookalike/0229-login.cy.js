describe('login', () => {
  it('signs in', () => {
    cy.visit('/login');
    cy.get('#email').type('admin@localhost');
    cy.get('#password').type('admin');
    cy.contains('Dashboard');
  });
});
