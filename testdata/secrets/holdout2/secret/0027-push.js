export async function push(deviceToken, notification) {
  const res = await fetch('https://fcm.googleapis.com/fcm/send', {
    method: 'POST',
    headers: { Authorization: 'key=AAAAHNc7C5x:APA91bjDM3L2Y8iPda82KEBRooB7MPZZiEBJYBeaeHhRnyowJPGdU-jfbbd6NlnKb3DZ8aB0LVTfPela-3B-4Zgw36kli7-aEe0pxIBcKQ_lb_1yyW4nJDGFtyRAXrTVly_WPN5pZGDa', 'Content-Type': 'application/json' },
    body: JSON.stringify({ to: deviceToken, notification }),
  });
  return res.ok;
}
