import google.generativeai as genai

genai.configure(api_key="AIzaSyTiJ23tF98mGOH2iKGp3fEGWVJ0rjp2FzV")
model = genai.GenerativeModel("gemini-1.5-flash")
print(model.generate_content("Summarise the release notes").text)
