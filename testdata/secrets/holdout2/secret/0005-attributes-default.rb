default['app']['db']['host'] = 'db-0.data.svc.cluster.local'
default['app']['db']['name'] = 'catalog'
default['app']['db']['user'] = 'analytics_ro'
default['app']['db']['password'] = 'Umber_Zephyr84*'
default['app']['workers'] = 4
