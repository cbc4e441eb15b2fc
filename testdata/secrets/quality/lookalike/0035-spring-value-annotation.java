@Component
public class JwtSigner {
    @Value("${jwt.secret}")
    private String secret;
}
