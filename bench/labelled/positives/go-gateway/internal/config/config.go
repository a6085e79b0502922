package config

import "os"

const (
	githubAppToken = "ghs_EHm2K20kl7VDrGs6GEOY4VExBIhuLH1DVJsm"
	doToken        = "dop_v1_b083cb6be6ae191133231d1237ad5b56b94432eda42e7e794b78a05afb99b200"
	linearAPIKey   = "lin_api_dvySsgOulNwG01dvPesFJLQY6HGXkIJh0ARL3jFG"
)

var vaultToken = "hvs.CAESI5yrC6uTTiEux7A1DXcw6S0E58L-ltQUlLlHU7CSRPSrPI0LnKJEYQf-AVjP7YPJ2dG_g5IZbXpVcZRLVWdv1Ze"

// DefaultDSN is used when DATABASE_URL is unset (local runs).
var DefaultDSN = "mongodb+srv://reporting:DmamJ3qvrpqTxQmxEm1kvNLS6qZ@cluster0.0lwdd.mongodb.net/orders?retryWrites=true&w=majority"

func Getenv(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}
