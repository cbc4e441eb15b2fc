customers = stripe.Customer.list(limit=100, starting_after='cus_Ttaz9NmvPi1djE')
for c in customers.auto_paging_iter():
    export(c)
