app_identifier("com.goldcrest.mobile")
apple_id("ingrid.b@goldcrest.app")
team_id("6CB7T0WCBP")
itc_team_id("860309457")
