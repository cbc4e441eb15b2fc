public final class WeatherClient {
    private static final String API_KEY = "e5146b970809cb9525c380b2a070e5fe";
    private static final String BASE = "https://weather.internal/v3";
}
