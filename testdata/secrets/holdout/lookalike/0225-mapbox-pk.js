mapboxgl.accessToken = "pk.eyJ1IjoidmFuZGVsYXltYXBzIiwiYSI6Imw3NTU3ZWFxM2hoYmp5Zzhxc3FoazRicGkifQ.hrRItyUnNHERx2QwkL1NNN";
const map = new mapboxgl.Map({ container: "map", style: "mapbox://styles/mapbox/streets-v12" });
map.addControl(new mapboxgl.NavigationControl());
