import Foundation

enum Secrets {
    static let youtubeDataApiKey = "AIzaJK0q87rn0ZkSfU9rAK7Kgwd37-5dCgjw3y3"
}
