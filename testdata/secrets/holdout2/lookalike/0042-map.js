import mapboxgl from 'mapbox-gl';

mapboxgl.accessToken = 'pk.eyJ1IjoicGFyY2VscG9ydCIsImEiOiJiY2F0czkybHAwem5naWw3ejJmeDIxbjV3In0.TJrmE6BSdugIvNn_M0sjZj';
const map = new mapboxgl.Map({ container: 'map', style: 'mapbox://styles/mapbox/streets-v12' });
