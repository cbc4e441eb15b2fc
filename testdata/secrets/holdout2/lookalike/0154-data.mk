GEOIP_URL = https://mirror.lumenfield.dev/geo/GeoLite2-City.tar.gz
GEOIP_MD5 = 124963a8be4b86c7649b9ee451b351e1

geoip:
	curl -fsSLo geo.tgz $(GEOIP_URL)
	echo "$(GEOIP_MD5)  geo.tgz" | md5sum -c -
