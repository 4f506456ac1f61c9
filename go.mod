module github.com/why403/why403

go 1.26.8
