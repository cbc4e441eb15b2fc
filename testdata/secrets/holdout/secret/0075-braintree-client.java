import com.braintreegateway.BraintreeGateway;

public class Payments {
    private static final BraintreeGateway GATEWAY =
        new BraintreeGateway("access_token$production$o7imgljyi8896zsg$3a2e21e2c898e5da13b3fd790a605479");
}
