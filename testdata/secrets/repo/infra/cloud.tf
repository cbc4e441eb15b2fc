provider "digitalocean" {
  token = "dop_v1_62ad324f8f1c177ab940469d71490d493b4a5e90b68f3662e9e6f7e23ae2c53c"
}
# tfc: PqdeZi3vl2yWwF.atlasv1.PCixCFyTrZJ66JTg-H_QOh8xSJ8DJfFYvq6De9095cg0VH1HONWUz6olXIONBGod0i2
# doppler: dp.pt.NZADheLh2XG1PcIJ0CA12gJZwt7HiFePCPbse0NLYz2
