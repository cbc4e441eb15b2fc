import Foundation

let apiKey = ProcessInfo.processInfo.environment["MAPS_API_KEY"] ?? ""
