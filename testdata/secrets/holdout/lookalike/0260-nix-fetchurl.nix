{ fetchurl }:
fetchurl {
  url = "https://ftp.gnu.org/gnu/hello/hello-2.12.1.tar.gz";
  sha256 = "nfnx1r0y1l02b9rci5k90k1yg0rz0n5hdx2jk1p69vrn2a181pb2";
}
