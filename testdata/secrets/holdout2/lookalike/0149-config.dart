import 'dart:io';

final apiKey = Platform.environment['WEATHER_API_KEY'] ?? '';
