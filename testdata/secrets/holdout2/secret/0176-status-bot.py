import telebot

bot = telebot.TeleBot("8834788172:AAEXJ4NPQsIMQ1x76IDruWEAqXuFha5QBXQ")

@bot.message_handler(commands=['status'])
def status(msg):
    bot.reply_to(msg, "all systems nominal")

bot.infinity_polling()
