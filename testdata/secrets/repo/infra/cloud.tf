provider "digitalocean" {
  token = "dop_v1_a631933af4a734662ad4cc7815e5c62ad324f8f1c177ab940469d71490d493b4"
}
# tfc: t0Vk0LxdxTzBqt.atlasv1.taj_MbZK4k7a-c7KOr6LyUMzf78ysLPCixCFyTrZJ66JTg-H_QOh8xSJ8DJfFYvq6De
# doppler: dp.pt.i6etk8vkae0or9wcOltQvaKDhaD8HmGkLzKZd0USu03
