#!/usr/bin/env bash
set -euo pipefail

cmd="$1"
# gatehouse-expect: bash-eval-variable
eval "$cmd"
# gatehouse-expect: bash-eval-variable
eval $(ssh-agent -s | grep SSH_AUTH)
# gatehouse-ok: bash-eval-variable
eval "set -- a b c"
# gatehouse-ok: bash-eval-variable
echo "$cmd"

# gatehouse-expect: bash-curl-pipe-shell
curl -fsSL https://get.example.org/install.sh | bash
# gatehouse-expect: bash-curl-pipe-shell
wget -qO- https://get.example.org/setup | sudo sh -s -- --yes
# gatehouse-ok: bash-curl-pipe-shell
curl -fsSL https://get.example.org/install.sh -o install.sh
# gatehouse-ok: bash-curl-pipe-shell
curl -fsSL https://api.example.org/data | jq .items

# gatehouse-expect: bash-shell-c-variable
bash -c "tar czf /backup/$name.tgz /srv"
# gatehouse-expect: bash-shell-c-variable
sh -c "echo ${USER_INPUT}"
# gatehouse-ok: bash-shell-c-variable
sh -c 'tar czf "/backup/$1.tgz" /srv' _ "$name"
# gatehouse-ok: bash-shell-c-variable
bash -c "make clean"

# gatehouse-expect: bash-tls-verification-disabled
curl -k https://internal.example.org/api
# gatehouse-expect: bash-tls-verification-disabled
wget --no-check-certificate https://internal.example.org/file
# gatehouse-expect: bash-tls-verification-disabled
git -c http.sslVerify=false clone https://git.internal/repo.git
# gatehouse-ok: bash-tls-verification-disabled
curl --cacert /etc/ssl/internal.pem https://internal.example.org/api
# gatehouse-ok: bash-tls-verification-disabled
wget https://example.org/file

# gatehouse-expect: bash-tls-env-disabled
export NODE_TLS_REJECT_UNAUTHORIZED=0
# gatehouse-expect: bash-tls-env-disabled
GIT_SSL_NO_VERIFY=true
# gatehouse-ok: bash-tls-env-disabled
export NODE_EXTRA_CA_CERTS=/etc/ssl/internal.pem
# gatehouse-ok: bash-tls-env-disabled
NODE_TLS_REJECT_UNAUTHORIZED=1

# gatehouse-expect: bash-world-writable-chmod
chmod 777 /srv/uploads
# gatehouse-expect: bash-world-writable-chmod
chmod -R a+w /var/cache/app
# gatehouse-ok: bash-world-writable-chmod
chmod 750 /srv/app
# gatehouse-ok: bash-world-writable-chmod
chmod u+x deploy.sh

# gatehouse-expect: bash-predictable-temp-file
echo "$data" > /tmp/report.$$
# gatehouse-expect: bash-predictable-temp-file
tmp=$(mktemp -u)
# gatehouse-ok: bash-predictable-temp-file
tmp=$(mktemp)
# gatehouse-ok: bash-predictable-temp-file
echo "$data" > "$tmp"

# gatehouse-expect: bash-hardcoded-password
mysql -u root -pS3cretPassw0rd app < schema.sql
# gatehouse-expect: bash-hardcoded-password
export PGPASSWORD=Tr0ub4dor3
# gatehouse-expect: bash-hardcoded-password
sshpass -p 'hunter22' ssh deploy@host
# gatehouse-ok: bash-hardcoded-password
mysql -u root -p"$DB_PASSWORD" app < schema.sql
# gatehouse-ok: bash-hardcoded-password
export PGPASSWORD="$(cat /run/secrets/pg)"

# gatehouse-expect: bash-weak-crypto
openssl enc -des3 -in backup.tar -out backup.enc -k "$KEY"
# gatehouse-expect: bash-weak-crypto
openssl dgst -md5 release.tar.gz
# gatehouse-ok: bash-weak-crypto
openssl enc -aes-256-cbc -pbkdf2 -in backup.tar -out backup.enc
# gatehouse-ok: bash-weak-crypto
openssl dgst -sha256 release.tar.gz

# gatehouse-expect: bash-bind-all-interfaces
python3 -m http.server 8000 --bind 0.0.0.0
# gatehouse-expect: bash-bind-all-interfaces
php -S 0.0.0.0:8080 -t public
# gatehouse-ok: bash-bind-all-interfaces
python3 -m http.server 8000 --bind 127.0.0.1
# gatehouse-ok: bash-bind-all-interfaces
php -S 127.0.0.1:8080 -t public

# gatehouse-expect: bash-ssh-host-key-checking-off
ssh -o StrictHostKeyChecking=no deploy@host uptime
# gatehouse-expect: bash-ssh-host-key-checking-off
scp -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no build.tgz deploy@host:/srv
# gatehouse-ok: bash-ssh-host-key-checking-off
ssh -o StrictHostKeyChecking=yes deploy@host uptime
# gatehouse-ok: bash-ssh-host-key-checking-off
ssh deploy@host uptime

# gatehouse-expect: bash-sudo-nopasswd
echo "deploy ALL=(ALL) NOPASSWD: ALL" >> /etc/sudoers
# gatehouse-expect: bash-sudo-nopasswd
echo "%wheel ALL=(ALL) NOPASSWD:ALL" | tee /etc/sudoers.d/wheel
# gatehouse-ok: bash-sudo-nopasswd
echo "deploy ALL=(root) NOPASSWD: /usr/bin/systemctl restart app" > /etc/sudoers.d/deploy
# gatehouse-ok: bash-sudo-nopasswd
echo "deploy ALL=(ALL) ALL" > /etc/sudoers.d/deploy
