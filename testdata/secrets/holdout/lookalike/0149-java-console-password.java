Console console = System.console();
char[] password = console.readPassword("Keystore password: ");
KeyStore ks = KeyStore.getInstance("PKCS12");
ks.load(new FileInputStream("release.p12"), password);
