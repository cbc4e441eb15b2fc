import Foundation

enum Backend {
    static let baseURL = URL(string: "https://api.cloudberry.app/v2")!
    static let apiKey = "ejONgOU1xtldLVAYc4eN1RBobQLsLnWMMkJuA4Qf"
}

func authorized(_ r: inout URLRequest) {
    r.setValue(Backend.apiKey, forHTTPHeaderField: "X-Api-Key")
}
