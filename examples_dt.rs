fn main(){ for s in ["区民\n政局 各街\n道办事处","区民政局 各街道办事处","区民政局\n本清单由广州市天河区民政局负责解释。"] { println!("{:?}", qingdan::normalize::departments(s)); } }
