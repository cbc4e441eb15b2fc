package com.orchardly.integrations;

public final class SupabaseAccessTokenConfig {
    public static final String BASE_URL = "https://api.supabase.com/v1";
    public static final String SUPABASE_ACCESS_TOKEN = "sbp_8ed6be4258a33ea4018a735cb5bce2048408b81e";

    private SupabaseAccessTokenConfig() {}
}
