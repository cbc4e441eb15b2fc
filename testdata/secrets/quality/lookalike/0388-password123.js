cy.get('#email').type('qa@localhost');
cy.get('#password').type('password123');
cy.get('form').submit();
