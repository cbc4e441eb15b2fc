import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.servlet.http.*;

public class Crypto {
    private static final String LEGACY_DIGEST = "SHA1";

    void digests(String configured) throws Exception {
        // gatehouse-expect: java-weak-hash
        MessageDigest md = MessageDigest.getInstance("MD5");
        // gatehouse-expect: java-weak-hash
        MessageDigest sha = java.security.MessageDigest.getInstance("SHA-1", "SUN");
        String algorithm = "md5";
        // gatehouse-expect: java-weak-hash
        MessageDigest viaVariable = MessageDigest.getInstance(algorithm);
        // gatehouse-ok: java-weak-hash
        MessageDigest sha2 = MessageDigest.getInstance("SHA-256");
        // gatehouse-ok: java-weak-hash
        MessageDigest sha3 = MessageDigest.getInstance("SHA3-512");
        algorithm = "SHA-512";
        // gatehouse-ok: java-weak-hash
        MessageDigest replaced = MessageDigest.getInstance(algorithm);
        // gatehouse-ok: java-weak-hash
        MessageDigest unknown = MessageDigest.getInstance(configured);
    }

    MessageDigest legacy() throws Exception {
        // gatehouse-expect: java-weak-hash
        return MessageDigest.getInstance(LEGACY_DIGEST);
    }

    void ciphers(boolean legacy, java.security.Provider provider) throws Exception {
        // gatehouse-expect: java-weak-cipher
        Cipher c1 = Cipher.getInstance("DES/CBC/PKCS5Padding");
        // gatehouse-expect: java-weak-cipher
        Cipher c2 = javax.crypto.Cipher.getInstance("AES/ECB/PKCS5Padding", "SunJCE");
        String transformation = legacy ? "DESede/CBC/PKCS5Padding" : "AES/GCM/NoPadding";
        // gatehouse-expect: java-weak-cipher
        Cipher c3 = Cipher.getInstance(transformation);
        // gatehouse-expect: java-weak-cipher
        KeyGenerator kg = KeyGenerator.getInstance("DES");
        // gatehouse-expect: java-cipher-default-mode
        Cipher c4 = Cipher.getInstance("AES");
        // gatehouse-expect: java-cipher-default-mode
        Cipher c8 = Cipher.getInstance("aes", provider);
        // gatehouse-ok: java-weak-cipher
        Cipher c5 = Cipher.getInstance("AES/GCM/NoPadding");
        // gatehouse-ok: java-weak-cipher
        Cipher c6 = Cipher.getInstance("ChaCha20-Poly1305");
        // gatehouse-ok: java-cipher-default-mode
        Cipher c7 = Cipher.getInstance("AES/CCM/NoPadding");
        // gatehouse-ok: java-cipher-default-mode
        KeyGenerator aes = KeyGenerator.getInstance("AES");
    }

    void remember(HttpServletRequest request, HttpServletResponse response) {
        double value = java.lang.Math.random();
        // gatehouse-expect: java-weak-random
        String rememberMeKey = Double.toString(value).substring(2);
        // gatehouse-expect: java-weak-random
        Cookie cookie = new Cookie("rememberMe", rememberMeKey);
        // gatehouse-expect: java-weak-random
        request.getSession().setAttribute("rememberMe", rememberMeKey);
        // gatehouse-expect: java-weak-random
        long sessionToken = new java.util.Random().nextLong();
        byte[] bytes = new byte[16];
        new Random().nextBytes(bytes);
        // gatehouse-expect: java-weak-random
        String otp = java.util.Base64.getEncoder().encodeToString(bytes);
        // gatehouse-ok: java-weak-random
        byte[] token = SecureRandom.getInstanceStrong().generateSeed(32);
        // gatehouse-ok: java-weak-random
        int jitter = new Random().nextInt(100);
        String strong = Long.toString(new SecureRandom().nextLong());
        // gatehouse-ok: java-weak-random
        Cookie safe = new Cookie("rememberMe", strong);
        // gatehouse-ok: java-weak-random
        request.getSession().setAttribute("jitter", "fixed");
    }
}
