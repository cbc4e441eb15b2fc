import java.io.*;
import java.net.*;
import java.nio.file.*;
import java.nio.file.attribute.*;
import java.security.*;
import java.sql.*;
import java.util.Random;
import javax.crypto.Cipher;
import javax.net.ssl.*;
import javax.script.*;
import javax.servlet.http.*;
import javax.xml.parsers.*;

public class Vulnerable {
    void commands(HttpServletRequest req, String name) throws Exception {
        // gatehouse-expect: java-processbuilder-shell
        new ProcessBuilder("sh", "-c", "tar czf " + name).start();
        // gatehouse-expect: java-processbuilder-shell
        new ProcessBuilder("/bin/bash", "-c", script).start();
        // gatehouse-ok: java-processbuilder-shell
        new ProcessBuilder("tar", "czf", name).start();
        // gatehouse-ok: java-processbuilder-shell
        new ProcessBuilder("sh", "-c", "uptime").start();
        ScriptEngine engine = new ScriptEngineManager().getEngineByName("js");
        // gatehouse-expect: java-script-engine-eval
        engine.eval(req.getParameter("expr"));
        // gatehouse-expect: java-script-engine-eval
        scriptEngine.eval(name);
        // gatehouse-ok: java-script-engine-eval
        engine.eval("1 + 1");
        // gatehouse-ok: java-script-engine-eval
        calculator.eval(name);
        // gatehouse-expect: java-spel-non-literal
        parser.parseExpression(req.getParameter("q")).getValue();
        // gatehouse-expect: java-spel-non-literal
        Expression e = parser.parseExpression(name);
        // gatehouse-ok: java-spel-non-literal
        Expression e2 = parser.parseExpression("amount * 2");
        // gatehouse-ok: java-spel-non-literal
        Expression e3 = parser.parseExpression("#root.name");
    }

    Object deserialize(InputStream in, String text) throws Exception {
        // gatehouse-expect: java-snakeyaml-unsafe
        Yaml yaml = new Yaml();
        // gatehouse-expect: java-snakeyaml-unsafe
        Yaml yaml2 = new Yaml(new Constructor(Config.class, new LoaderOptions()));
        // gatehouse-ok: java-snakeyaml-unsafe
        Yaml yaml3 = new Yaml(new SafeConstructor(new LoaderOptions()));
        // gatehouse-ok: java-snakeyaml-unsafe
        YamlPrinter p = new YamlPrinter();
        return yaml.load(text);
    }

    // gatehouse-expect: java-trust-all-certificates
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    // gatehouse-ok: java-trust-all-certificates
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    void tls(HttpsURLConnection conn) {
        // gatehouse-expect: java-hostname-verifier-allow-all
        HttpsURLConnection.setDefaultHostnameVerifier((hostname, session) -> true);
        // gatehouse-expect: java-hostname-verifier-allow-all
        HttpClients.custom().setSSLHostnameVerifier(new NoopHostnameVerifier()).build();
        // gatehouse-ok: java-hostname-verifier-allow-all
        conn.setHostnameVerifier((hostname, session) -> hostname.equals("api.internal"));
        // gatehouse-ok: java-hostname-verifier-allow-all
        HttpClients.custom().setSSLHostnameVerifier(new DefaultHostnameVerifier()).build();
    }

    void credentials(String pw) throws Exception {
        // gatehouse-expect: java-hardcoded-password
        Connection c = DriverManager.getConnection(url, "app", "Tr0ub4dor&3");
        // gatehouse-expect: java-hardcoded-password
        String jwt = Jwts.builder().setSubject("u").signWith(SignatureAlgorithm.HS256, "secret-key-123").compact();
        // gatehouse-ok: java-hardcoded-password
        Connection c2 = DriverManager.getConnection(url, "app", pw);
        // gatehouse-ok: java-hardcoded-password
        String jwt2 = Jwts.builder().setSubject("u").signWith(key).compact();
    }

    void jwt(String token) {
        // gatehouse-expect: java-jwt-none-or-unverified
        Claims c = Jwts.parser().parseClaimsJwt(token).getBody();
        // gatehouse-expect: java-jwt-none-or-unverified
        Algorithm a = Algorithm.none();
        // gatehouse-ok: java-jwt-none-or-unverified
        Claims c2 = Jwts.parser().setSigningKey(key).parseClaimsJws(token).getBody();
        // gatehouse-ok: java-jwt-none-or-unverified
        Algorithm a2 = Algorithm.RSA256(publicKey, null);
    }

    Document parseUnsafe(InputStream in) throws Exception {
        // gatehouse-expect: java-xxe-document-builder
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        return f.newDocumentBuilder().parse(in);
    }

    Object parseSax(InputStream in) throws Exception {
        // gatehouse-expect: java-xxe-document-builder
        SAXParserFactory spf = SAXParserFactory.newInstance();
        return spf.newSAXParser();
    }

    Document parseSafe(InputStream in) throws Exception {
        // gatehouse-ok: java-xxe-document-builder
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(in);
    }

    Object parseStax(InputStream in) throws Exception {
        // gatehouse-ok: java-xxe-document-builder
        XMLInputFactory xif = XMLInputFactory.newInstance();
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        return xif.createXMLStreamReader(in);
    }

    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        // gatehouse-expect: java-csrf-disabled
        http.csrf().disable();
        // gatehouse-expect: java-csrf-disabled
        http.csrf(csrf -> csrf.disable());
        // gatehouse-expect: java-csrf-disabled
        http.csrf(AbstractHttpConfigurer::disable);
        // gatehouse-ok: java-csrf-disabled
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/webhook"));
        // gatehouse-ok: java-csrf-disabled
        http.cors(cors -> cors.disable());
        return http.build();
    }

    void web(HttpServletRequest req, HttpServletResponse resp, Cookie cookie) throws Exception {
        // gatehouse-expect: java-cookie-insecure
        cookie.setSecure(false);
        // gatehouse-expect: java-cookie-insecure
        cookie.setHttpOnly(false);
        // gatehouse-ok: java-cookie-insecure
        cookie.setSecure(true);
        // gatehouse-ok: java-cookie-insecure
        cookie.setHttpOnly(true);
    }

    void files(Path p, File f) throws Exception {
        // gatehouse-expect: java-world-writable-permissions
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        // gatehouse-expect: java-world-writable-permissions
        f.setWritable(true, false);
        // gatehouse-ok: java-world-writable-permissions
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        // gatehouse-ok: java-world-writable-permissions
        f.setWritable(true, true);
        // gatehouse-expect: java-bind-all-interfaces
        ServerSocket s = new ServerSocket(8080, 50, InetAddress.getByName("0.0.0.0"));
        // gatehouse-expect: java-bind-all-interfaces
        server.bind(new InetSocketAddress("0.0.0.0", 9000));
        // gatehouse-ok: java-bind-all-interfaces
        ServerSocket s2 = new ServerSocket(8080, 50, InetAddress.getByName("127.0.0.1"));
        // gatehouse-ok: java-bind-all-interfaces
        server.bind(new InetSocketAddress("127.0.0.1", 9000));
    }

    class LenientTrust implements X509TrustManager {
        // gatehouse-expect: java-trust-all-certificates
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // trust everyone
        }

        // gatehouse-ok: java-trust-all-certificates
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }
    }
    private static final String DB_PASSWORD = "s3cr3t-Passw0rd";
    private static final String DB_USER = "app";

    void connect(String url) throws Exception {
        // gatehouse-expect: java-hardcoded-password
        Connection a = DriverManager.getConnection(url, DB_USER, DB_PASSWORD);
        String signing = "hmac-signing-key-2024";
        // gatehouse-expect: java-hardcoded-password
        javax.crypto.spec.SecretKeySpec k = new javax.crypto.spec.SecretKeySpec(signing.getBytes(), "HmacSHA256");
        String fromEnv = System.getenv("DB_PASSWORD");
        // gatehouse-ok: java-hardcoded-password
        Connection b = DriverManager.getConnection(url, DB_USER, fromEnv);
        String pw = "changeit";
        pw = System.getProperty("db.password");
        // gatehouse-ok: java-hardcoded-password
        Connection c = DriverManager.getConnection(url, DB_USER, pw);
    }
}
