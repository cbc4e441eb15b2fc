Hashtable<String, String> env = new Hashtable<>();
env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
env.put(Context.PROVIDER_URL, "ldaps://ldap.pinecrest.com:636");
env.put(Context.SECURITY_PRINCIPAL, "cn=svc-portal,ou=services,dc=pinecrest,dc=com");
env.put(Context.SECURITY_CREDENTIALS, "!gEGU9N!RqUHp8K0.SBO");
DirContext ctx = new InitialDirContext(env);
