const schema = Joi.object({
  email: Joi.string().email().required(),
  password: Joi.string().min(12).pattern(/[0-9]/).required(),
  apiKey: Joi.string().length(40).hex(),
});
