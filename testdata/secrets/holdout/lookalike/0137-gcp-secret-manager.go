func dbPassword(ctx context.Context, c *secretmanager.Client) (string, error) {
	res, err := c.AccessSecretVersion(ctx, &secretmanagerpb.AccessSecretVersionRequest{
		Name: "projects/umbrella-prod/secrets/db-password/versions/latest",
	})
	if err != nil {
		return "", err
	}
	return string(res.Payload.Data), nil
}
