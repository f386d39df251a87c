print("tokcost")
