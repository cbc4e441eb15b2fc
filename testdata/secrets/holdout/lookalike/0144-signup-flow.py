def test_signup(driver):
    driver.get("http://localhost:8000/signup")
    driver.find_element(By.NAME, "password").send_keys("correct horse battery staple")
    driver.find_element(By.ID, "submit").click()
