import mapboxgl from "mapbox-gl";

mapboxgl.accessToken = "pk.eyJ1IjoibWVyaWRpYW4iLCJhIjoiNm1qMHF2MWlwZnVic3hrZjQ5dGNxZG13bSJ9.TFumWbT_0zMY6HCNoWyLuG";
