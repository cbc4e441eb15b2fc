static PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:16")
        .withUsername("test")
        .withPassword("test");
