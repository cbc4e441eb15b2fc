require "open3"

class UsersController < ApplicationController
  # gatehouse-expect: ruby-csrf-disabled
  skip_before_action :verify_authenticity_token
  # gatehouse-expect: ruby-csrf-disabled
  protect_from_forgery with: :null_session
  # gatehouse-ok: ruby-csrf-disabled
  protect_from_forgery with: :exception
  # gatehouse-ok: ruby-csrf-disabled
  skip_before_action :authenticate_user!

  def run(name)
    # gatehouse-expect: ruby-command-injection
    system("tar czf #{name}.tgz /srv/data")
    # gatehouse-expect: ruby-command-injection
    out = `grep #{params[:q]} /var/log/app.log`
    # gatehouse-expect: ruby-command-injection
    stdout, status = Open3.capture2("convert #{name} out.png")
    # gatehouse-ok: ruby-command-injection
    system("tar", "czf", "#{name}.tgz", "/srv/data")
    # gatehouse-ok: ruby-command-injection
    out = `uptime`
    # gatehouse-expect: ruby-kernel-open-pipe
    data = open(params[:file]).read
    # gatehouse-expect: ruby-kernel-open-pipe
    data = open("#{dir}/#{name}")
    # gatehouse-ok: ruby-kernel-open-pipe
    data = File.open(params[:file]).read
    # gatehouse-ok: ruby-kernel-open-pipe
    data = open("config/settings.yml")
    # gatehouse-expect: ruby-eval-non-literal
    eval(params[:expr])
    # gatehouse-expect: ruby-eval-non-literal
    obj.instance_eval("@#{name}")
    # gatehouse-ok: ruby-eval-non-literal
    eval("1 + 1")
    # gatehouse-ok: ruby-eval-non-literal
    obj.instance_eval { @count }
    # gatehouse-expect: ruby-send-user-input
    current_user.send(params[:action_name])
    # gatehouse-expect: ruby-send-user-input
    klass = params[:type].constantize
    # gatehouse-ok: ruby-send-user-input
    current_user.send(:reset_password!)
    # gatehouse-ok: ruby-send-user-input
    klass = "Admin".constantize
  end

  def load(data, text)
    # gatehouse-expect: ruby-unsafe-deserialization
    obj = Marshal.load(data)
    # gatehouse-expect: ruby-unsafe-deserialization
    cfg = YAML.load(text)
    # gatehouse-expect: ruby-unsafe-deserialization
    obj = Oj.load(text, mode: :object)
    # gatehouse-ok: ruby-unsafe-deserialization
    cfg = YAML.safe_load(text, permitted_classes: [Date])
    # gatehouse-ok: ruby-unsafe-deserialization
    obj = JSON.parse(text)
  end

  def crypto(data, key)
    # gatehouse-expect: ruby-weak-crypto
    digest = Digest::MD5.hexdigest(data)
    # gatehouse-expect: ruby-weak-crypto
    cipher = OpenSSL::Cipher.new("des-ede3-cbc")
    # gatehouse-expect: ruby-weak-crypto
    sha = Digest::SHA1.hexdigest(data)
    # gatehouse-ok: ruby-weak-crypto
    digest = Digest::SHA256.hexdigest(data)
    # gatehouse-ok: ruby-weak-crypto
    cipher = OpenSSL::Cipher.new("aes-256-gcm")
    # gatehouse-expect: ruby-insecure-random-secret
    reset_token = rand(10**20).to_s(36)
    # gatehouse-expect: ruby-insecure-random-secret
    @otp = Random.rand(999_999)
    # gatehouse-ok: ruby-insecure-random-secret
    reset_token = SecureRandom.urlsafe_base64(32)
    # gatehouse-ok: ruby-insecure-random-secret
    jitter = rand(100)
  end

  def fetch(uri)
    http = Net::HTTP.new(uri.host, uri.port)
    # gatehouse-expect: ruby-tls-verify-none
    http.verify_mode = OpenSSL::SSL::VERIFY_NONE
    # gatehouse-expect: ruby-tls-verify-none
    conn = Faraday.new(url, ssl: { verify_mode: OpenSSL::SSL::VERIFY_NONE })
    # gatehouse-ok: ruby-tls-verify-none
    http.verify_mode = OpenSSL::SSL::VERIFY_PEER
    # gatehouse-ok: ruby-tls-verify-none
    conn = Faraday.new(url, ssl: { ca_file: "/etc/ssl/internal.pem" })
  end

  def token(user)
    # gatehouse-expect: ruby-hardcoded-secret
    JWT.encode({ sub: user.id }, "my-signing-secret", "HS256")
    # gatehouse-ok: ruby-hardcoded-secret
    JWT.encode({ sub: user.id }, ENV.fetch("JWT_KEY"), "HS256")
  end

  def sql(name)
    # gatehouse-expect: ruby-sql-interpolation
    User.where("name = '#{name}'")
    # gatehouse-expect: ruby-sql-interpolation
    User.find_by_sql("SELECT * FROM users WHERE id = #{params[:id]}")
    # gatehouse-ok: ruby-sql-interpolation
    User.where("name = ?", name)
    # gatehouse-ok: ruby-sql-interpolation
    User.where(name: name)
  end

  def claims(token, key)
    # gatehouse-expect: ruby-jwt-no-verify
    JWT.decode(token, nil, false)
    # gatehouse-expect: ruby-jwt-no-verify
    JWT.decode(token, key, true, algorithm: "none")
    # gatehouse-ok: ruby-jwt-no-verify
    JWT.decode(token, key, true, algorithm: "RS256")
    # gatehouse-ok: ruby-jwt-no-verify
    JWT.encode(payload, key, "RS256")
  end

  def show
    # gatehouse-expect: ruby-html-safe-non-literal
    @bio = user.bio.html_safe
    # gatehouse-expect: ruby-html-safe-non-literal
    @msg = raw(params[:msg])
    # gatehouse-ok: ruby-html-safe-non-literal
    @sep = "<br>".html_safe
    # gatehouse-ok: ruby-html-safe-non-literal
    @bio = sanitize(user.bio)
    # gatehouse-expect: ruby-cookie-insecure
    cookies[:session] = { value: sid, secure: false }
    # gatehouse-expect: ruby-cookie-insecure
    cookies[:remember] = { value: sid, httponly: false }
    # gatehouse-ok: ruby-cookie-insecure
    cookies[:session] = { value: sid, secure: true, httponly: true }
    # gatehouse-ok: ruby-cookie-insecure
    cookies[:theme] = "dark"
    # gatehouse-expect: ruby-open-redirect
    redirect_to params[:return_to]
  end

  def back
    # gatehouse-expect: ruby-open-redirect
    redirect_to request.referer
  end

  def home
    # gatehouse-ok: ruby-open-redirect
    redirect_to root_path
  end

  def home2
    # gatehouse-ok: ruby-open-redirect
    redirect_to user_path(params[:id])
  end

  def files(path)
    # gatehouse-expect: ruby-world-writable-chmod
    File.chmod(0777, path)
    # gatehouse-expect: ruby-world-writable-chmod
    FileUtils.chmod(0o666, path)
    # gatehouse-ok: ruby-world-writable-chmod
    File.chmod(0600, path)
    # gatehouse-ok: ruby-world-writable-chmod
    FileUtils.chmod(0o750, path)
  end
end

Rails.application.configure do
  # gatehouse-expect: ruby-rails-debug-in-production
  config.consider_all_requests_local = true
  # gatehouse-ok: ruby-rails-debug-in-production
  config.consider_all_requests_local = false
end

class Settings
  # gatehouse-expect: ruby-rails-debug-in-production
  config.consider_all_requests_local = true
  # gatehouse-ok: ruby-rails-debug-in-production
  config.cache_classes = true
  # gatehouse-expect: ruby-hardcoded-secret
  config.secret_key_base = "9f2c4e7a1b3d5f6e8a0c2b4d6f8e0a1c3e5b7d9f"
  # gatehouse-ok: ruby-hardcoded-secret
  config.secret_key_base = ENV["SECRET_KEY_BASE"]
end

# gatehouse-expect: ruby-bind-all-interfaces
set :bind, "0.0.0.0"
# gatehouse-expect: ruby-bind-all-interfaces
server = TCPServer.new("0.0.0.0", 9000)
# gatehouse-ok: ruby-bind-all-interfaces
set :bind, "127.0.0.1"
# gatehouse-ok: ruby-bind-all-interfaces
server = TCPServer.new("127.0.0.1", 9000)
