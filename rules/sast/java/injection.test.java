import java.io.*;
import java.sql.*;
import java.util.*;
import javax.naming.directory.*;
import javax.servlet.http.*;
import javax.xml.xpath.*;
import org.springframework.web.bind.annotation.*;

public class Injection extends HttpServlet {
    public void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String param = "";
        if (request.getHeader("X-Name") != null) {
            param = request.getHeader("X-Name");
        }
        param = java.net.URLDecoder.decode(param, "UTF-8");
        Statement st = connection.createStatement();
        String sql = "SELECT * FROM users WHERE name = '" + param + "'";
        // gatehouse-expect: java-sql-injection
        st.executeQuery(sql);
        // gatehouse-expect: java-sql-injection
        PreparedStatement ps = connection.prepareStatement("SELECT * FROM t WHERE id = " + param);
        // gatehouse-ok: java-sql-injection
        PreparedStatement safe = connection.prepareStatement("SELECT * FROM t WHERE id = ?");
        safe.setString(1, param);
        // gatehouse-ok: java-sql-injection
        safe.execute();
        // gatehouse-ok: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE id = " + Integer.parseInt(param));
        String bar;
        int num = 106;
        bar = (7 * 18) + num > 200 ? "This_should_always_happen" : param;
        // gatehouse-ok: java-sql-injection
        st.execute("SELECT * FROM t WHERE name = '" + bar + "'");
        // gatehouse-expect: java-sql-injection
        jdbcTemplate.queryForList("SELECT * FROM t WHERE name = '" + helper(param) + "'");
        // gatehouse-ok: java-sql-injection
        jdbcTemplate.queryForList("SELECT * FROM t WHERE name = ?", param);

        HashMap<String, Object> map = new HashMap<String, Object>();
        map.put("keyA", "a-Value");
        map.put("keyB", param);
        String fromMap = (String) map.get("keyA");
        List<String> args = new ArrayList<String>();
        args.add("safe");
        args.add(param);
        args.add("moresafe");
        args.remove(0);
        Runtime r = Runtime.getRuntime();
        // gatehouse-ok: java-command-injection
        r.exec("echo " + fromMap);
        // gatehouse-ok: java-command-injection
        r.exec(new String[] {"echo", args.get(1)});
        // gatehouse-expect: java-command-injection
        r.exec(new String[] {"sh", "-c", "echo " + args.get(0)});
        String[] env = {"FOO=" + map.get("keyB")};
        // gatehouse-expect: java-command-injection
        r.exec("env", env);
        ProcessBuilder pb = new ProcessBuilder();
        // gatehouse-expect: java-command-injection
        pb.command(args);

        StringBuilder name = new StringBuilder(param);
        name.append("_SafeStuff");
        // gatehouse-expect: java-path-traversal
        File f = new File("/srv/files/", name.toString());
        // gatehouse-expect: java-path-traversal
        InputStream in = new FileInputStream(BASE_DIR + param);
        // gatehouse-ok: java-path-traversal
        File g = new File("/srv/files/", org.apache.commons.io.FilenameUtils.getName(param));
        // gatehouse-ok: java-path-traversal
        File h = new File("/srv/files/index.txt");
        String upload = request.getParameter("upload");
        if (upload.contains("..") || !upload.matches("[A-Za-z0-9._-]+")) {
            return;
        }
        // gatehouse-ok: java-path-traversal
        File checked = new File("/srv/uploads/", upload);

        String filter = "(&(objectclass=person)(uid=" + param + "))";
        // gatehouse-expect: java-ldap-injection
        ctx.search("ou=users", filter, new SearchControls());
        // gatehouse-expect: java-ldap-injection
        ctx.search("ou=users", "(uid=" + param + ")", new Object[] {}, new SearchControls());
        // gatehouse-ok: java-ldap-injection
        ctx.search("ou=users", "(&(objectclass=person)(uid={0}))", new Object[] {param}, new SearchControls());
        // gatehouse-ok: java-ldap-injection
        index.search(param, 10);

        XPath xp = XPathFactory.newInstance().newXPath();
        // gatehouse-expect: java-xpath-injection
        xp.evaluate("/Employees/Employee[@emplid='" + param + "']", document);
        // gatehouse-expect: java-xpath-injection
        xp.compile("//user[@name='" + param + "']").evaluate(document, XPathConstants.NODESET);
        // gatehouse-ok: java-xpath-injection
        xp.evaluate("/Employees/Employee[@emplid='" + org.owasp.esapi.ESAPI.encoder().encodeForXPath(param) + "']", document);
        // gatehouse-ok: java-xpath-injection
        java.util.regex.Pattern.compile(param);

        response.setHeader("X-XSS-Protection", "0");
        // gatehouse-expect: java-xss
        response.getWriter().println("Hello " + param);
        Object[] obj = {"a", param};
        // gatehouse-expect: java-xss
        response.getWriter().printf("Formatted like: %1$s and %2$s.", obj);
        // gatehouse-ok: java-xss
        response.getWriter().println("Hello " + org.owasp.esapi.ESAPI.encoder().encodeForHTML(param));
        // gatehouse-ok: java-xss
        System.out.println(param);
        PrintWriter out = response.getWriter();
        char[] chars = param.toCharArray();
        // gatehouse-expect: java-xss
        out.write(chars, 0, chars.length);
        // gatehouse-ok: java-xss
        out.write(param.length());

        // gatehouse-expect: java-trust-boundary
        request.getSession().setAttribute("userid", param);
        // gatehouse-expect: java-trust-boundary
        request.getSession().putValue(param, "10340");
        // gatehouse-ok: java-trust-boundary
        request.getSession().setAttribute("userid", fromMap);
        // gatehouse-ok: java-trust-boundary
        servletContext.setAttribute("userid", param);

        // gatehouse-expect: java-open-redirect
        response.sendRedirect(request.getParameter("next"));
        // gatehouse-expect: java-open-redirect
        response.setHeader("Location", "https://" + request.getHeader("Host") + "/x");
        // gatehouse-ok: java-open-redirect
        response.sendRedirect("/login");
        // gatehouse-ok: java-open-redirect
        // gatehouse-expect: java-header-injection
        response.setHeader("X-Next", param);
    }

    private static String helper(String value) {
        return value.trim();
    }

    @GetMapping("/users")
    public String users(@RequestParam("name") String name, String internal) throws Exception {
        // gatehouse-expect: java-sql-injection
        return jdbcTemplate.queryForObject("SELECT id FROM users WHERE name = '" + name + "'", String.class);
    }

    public void internal(String name) throws Exception {
        // gatehouse-ok: java-sql-injection
        statement.executeQuery("SELECT id FROM users WHERE name = '" + name + "'");
        // gatehouse-ok: java-command-injection
        Runtime.getRuntime().exec("uptime");
    }
    public void headers(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String lang = request.getParameter("lang");
        // gatehouse-expect: java-header-injection
        response.setHeader("Content-Language", lang);
        // gatehouse-expect: java-header-injection
        response.addCookie(new Cookie("theme", request.getHeader("X-Theme")));
        String name = request.getParameter("header");
        // gatehouse-expect: java-header-injection
        response.addHeader(name, "1");
        // gatehouse-ok: java-header-injection
        response.setHeader("X-Lang", java.net.URLEncoder.encode(lang, "UTF-8"));
        // gatehouse-ok: java-header-injection
        response.setHeader("X-Clean", lang.replaceAll("[\\r\\n]", ""));
        String region = request.getParameter("region");
        region = "eu";
        // gatehouse-ok: java-header-injection
        response.setHeader("X-Region", region);
        int page = Integer.parseInt(request.getParameter("page"));
        // gatehouse-ok: java-header-injection
        response.addCookie(new Cookie("page", "" + page));
        // gatehouse-ok: java-header-injection
        // gatehouse-expect: java-open-redirect
        response.setHeader("Location", request.getParameter("next"));
    }

    public Object readUpload(HttpServletRequest request) throws Exception {
        // gatehouse-expect: java-deserialization
        ObjectInputStream in = new ObjectInputStream(request.getInputStream());
        Object first = in.readObject();
        byte[] saved = Base64.getDecoder().decode(request.getParameter("state"));
        // gatehouse-expect: java-deserialization
        XMLDecoder decoder = new XMLDecoder(new ByteArrayInputStream(saved));
        // gatehouse-expect: java-deserialization
        Object third = xstream.fromXML(request.getParameter("xml"));
        byte[] builtin = new byte[] {1, 2, 3};
        // gatehouse-ok: java-deserialization
        ObjectInputStream own = new ObjectInputStream(new ByteArrayInputStream(builtin));
        // gatehouse-ok: java-deserialization
        Object defaults = xstream.fromXML("<config/>");
        // gatehouse-ok: java-deserialization
        DataInputStream data = new DataInputStream(request.getInputStream());
        return decoder.readObject();
    }

    Object restore(InputStream stream) throws Exception {
        // gatehouse-expect: java-deserialization
        return new ObjectInputStream(new BufferedInputStream(stream)).readObject();
    }

    public org.w3c.dom.Document upload(HttpServletRequest request) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        javax.xml.parsers.DocumentBuilder builder = factory.newDocumentBuilder();
        // gatehouse-ok: java-xxe
        builder.parse(new File("/etc/app/defaults.xml"));
        // gatehouse-expect: java-xxe
        return builder.parse(request.getInputStream());
    }

    public org.w3c.dom.Document hardened(HttpServletRequest request) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        // gatehouse-ok: java-xxe
        return factory.newDocumentBuilder().parse(request.getInputStream());
    }

    public java.time.LocalDate notXml(HttpServletRequest request) {
        // gatehouse-ok: java-xxe
        return java.time.LocalDate.parse(request.getParameter("day"));
    }

    public javax.xml.stream.XMLStreamReader stream(InputStream body) throws Exception {
        javax.xml.stream.XMLInputFactory xif = javax.xml.stream.XMLInputFactory.newInstance();
        // gatehouse-expect: java-xxe
        return xif.createXMLStreamReader(body);
    }
    public Object evaluate(HttpServletRequest request) throws Exception {
        javax.script.ScriptEngine engine = new javax.script.ScriptEngineManager().getEngineByName("js");
        String formula = request.getParameter("formula");
        // gatehouse-expect: java-code-injection
        Object a = engine.eval("var x = " + formula + ";");
        // gatehouse-expect: java-code-injection
        Object b = parser.parseExpression(request.getHeader("X-Expr")).getValue();
        int n = Integer.parseInt(request.getParameter("n"));
        // gatehouse-ok: java-code-injection
        Object c = engine.eval("var x = " + n + ";");
        // gatehouse-ok: java-code-injection
        Object d = parser.parseExpression("amount * 2").getValue();
        return a;
    }

    public String fetch(HttpServletRequest request) throws Exception {
        String target = request.getParameter("url");
        // gatehouse-expect: java-ssrf
        java.io.InputStream in = new java.net.URL(target).openStream();
        // gatehouse-expect: java-ssrf
        String body = restTemplate.getForObject("http://" + request.getHeader("X-Host") + "/status", String.class);
        // gatehouse-ok: java-ssrf
        String fixed = restTemplate.getForObject("https://api.example.com/status", String.class);
        if (!target.startsWith("https://api.example.com/")) {
            return null;
        }
        // gatehouse-ok: java-ssrf
        java.io.InputStream checked = new java.net.URL(target).openStream();
        return body + fixed;
    }
}
